"""Run the WBR App's upload path on a config and a CSV file (benchmarks only).

Run with the WBR App's own Python, never ours: ``python wbr_app_driver.py APP CONFIG CSV``,
where APP is a scratch copy of github.com/working-backwards/wbr-app (Apache-2.0) with its
requirements installed. It calls what the app's ``/get-wbr-metrics`` endpoint calls (read the
YAML upload, ``process_input``, the deck as JSON) and prints the JSON's length. Nothing of the
app is copied here; it is imported from APP.
"""

from __future__ import annotations

import importlib
import json
import sys


def main(app: str, config: str, data: str) -> None:
    sys.path.insert(0, app)
    controller = importlib.import_module("src.controller")
    util = importlib.import_module("src.controller_utility")
    storage = importlib.import_module("werkzeug.datastructures").FileStorage

    with open(config, "rb") as fh:
        cfg = util.load_yaml_from_stream(storage(fh, filename="wbr.yaml"))
    with open(data, "rb") as fh:
        deck = controller.process_input(cfg, storage(fh, filename="data.csv"))
    print(len(json.dumps(deck, indent=4, cls=util.Encoder)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
