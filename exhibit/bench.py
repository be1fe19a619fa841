"""`python -m exhibit.bench …`, the documented command; the code is `exhibit.devtools.bench`."""

from exhibit.devtools.bench import main

if __name__ == "__main__":
    main()
