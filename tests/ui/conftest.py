"""UI fixtures: apps on a private copy of the seeded library."""

from __future__ import annotations

from pathlib import Path

import pytest
from uihelpers import make_app

from briefing_tui.ui.app import BriefingApp


@pytest.fixture
def app_factory(library_path: Path):
    """Build apps on the same private library (for restart tests); closes their libraries."""
    apps: list[BriefingApp] = []

    def build(**kwargs) -> BriefingApp:
        app = make_app(library_path, **kwargs)
        apps.append(app)
        return app

    yield build
    for app in apps:
        if app.library is not None:
            app.library.close()
