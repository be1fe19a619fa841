"""Tools for the people who build the exhibit, not for visitors.

- `gallery`: `--gallery DIR`, every scene state in both languages to PNG;
- `preview`: one scene in a chosen state, off-screen (tests, docs, the gallery);
- `bench`: `python -m exhibit.bench` — frame cost, latency, ingest;
- `ingest_bench`: readings/s through the whole pipeline against plain pyserial.

They sit above the show's engine and may use all of it, `exhibit.sources` included.
"""
