import pytest

from tests.app.fixtures import freeze_cursor_blink, private_config, private_history, private_settings
from tests.snapshots.sizes import snap_sizes

__all__ = ["freeze_cursor_blink", "private_config", "private_history", "private_settings", "snap_sizes"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "new_trainee: start with no settings file, as on first launch")
