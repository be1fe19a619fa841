"""The data platform: the exhibit's readings published over MQTT (`publish:` in exhibit.yaml).

paho-mqtt is optional (requirements-platform.txt); only `publisher` imports it, and only
when publishing is configured."""
