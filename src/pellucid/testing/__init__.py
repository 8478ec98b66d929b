"""pellucid in other projects' tests: a Lucid server in the test process (`PellucidServer`),
and a pytest plugin (`pellucid.testing.plugin`, loaded through the `pytest11` entry point) whose
fixtures hand it out. docs/testing.md shows both."""

from pellucid.testing.server import MountedConnector, PellucidServer, serve_in_thread

__all__ = ["MountedConnector", "PellucidServer", "serve_in_thread"]
