"""Browsing the archive index in Datasette, on this machine only.

Datasette is an optional extra (`pip install 'byline[archive]'`) run as its own
process, so byline never imports it. It listens on 127.0.0.1: the index holds
unpublished text, and sharing it past one machine is CI's job (docs/archive.md).
The canned queries (datasette.yml beside this module) are keyed by database
name, which Datasette takes from the file's name; an index saved under another
name gets a copy of the metadata keyed by that name.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

from workflow.errors import InputError

METADATA = Path(__file__).with_name("datasette.yml")
DEFAULT_DATABASE = "archive"


def metadata_for(index: Path, folder: Path) -> Path:
    """The metadata file for an index at `index`: the shipped one, or a copy keyed by the file's own name."""
    name = index.stem
    if name == DEFAULT_DATABASE:
        return METADATA
    text = METADATA.read_text(encoding="utf-8").replace(f"\n  {DEFAULT_DATABASE}:\n", f"\n  {name}:\n", 1)
    copy = folder / "datasette.yml"
    copy.write_text(text, encoding="utf-8")
    return copy


def command(index: Path, metadata: Path, port: int) -> list[str]:
    """The Datasette command line that serves `index` on 127.0.0.1:`port`."""
    return [sys.executable, "-m", "datasette", "serve", str(index), "--metadata", str(metadata),
            "--host", "127.0.0.1", "--port", str(port)]


def check_port(port: int) -> int:
    """A port Datasette can be asked to listen on (0 would pick one the printed address cannot name)."""
    if not 1 <= port <= 65535:
        raise InputError(f"--port {port}: give a port from 1 to 65535 (default: 8001)")
    return port


def _port_free(port: int) -> None:
    """Refuse a port something on 127.0.0.1 already listens on, in one line rather than Datasette's log."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise InputError(f"--port {port}: 127.0.0.1:{port} cannot be listened on ({exc.strerror}); "
                             f"another program (a Datasette already running?) may hold it: give another port") from None


def serve(index: Path, port: int) -> int:
    """Run Datasette on the index until interrupted; its exit code."""
    if importlib.util.find_spec("datasette") is None:
        raise InputError("datasette is not installed; install it with `pip install 'byline[archive]'` "
                         "(or `pip install datasette`)")
    _port_free(port)
    with tempfile.TemporaryDirectory(prefix="byline-datasette-") as folder:
        args = command(index, metadata_for(index, Path(folder)), port)
        print(f"serving {index} at http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)
        try:
            return subprocess.run(args, check=False).returncode
        except KeyboardInterrupt:
            return 0
