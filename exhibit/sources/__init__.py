"""Where readings come from: a board over USB serial, the simulator, or a recording.

This package is the only place that imports pyserial (`serial_source`, `ports`). Its
`__init__` imports nothing, so `exhibit.sources.base` (the queue and the `Source` base)
and `exhibit.sources.simulator` load without pyserial. Import what you need from its module:
`choose.open_source` (`sim`, `auto`, a path or a pyserial URL), `replay.ReplaySource`,
`base.ReadingQueue`. The connection states are world facts: `exhibit.status`.
"""
