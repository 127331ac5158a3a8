"""The bundled seeds and styles are found in an installed wheel (as package resources, where
pyproject's force-include puts them) as well as in this checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing_tui import resources

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_finds_the_seeds_and_styles_beside_the_package() -> None:
    assert resources.style_file("app.tcss").is_file()
    assert [p.name for p in resources.seed_files()] == sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert resources.data_file("taxonomy/default.toml").is_file()


@pytest.mark.slow
def test_an_installed_wheel_finds_them_inside_the_package(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "briefing_tui/styles/app.tcss" in names
    assert any(n.startswith("briefing_tui/seeds/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # an installed package is the wheel's tree on sys.path
    probe = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from briefing_tui import resources as r; "
        "print(json.dumps([str(r.styles_dir()), str(r.seeds_dir()), [p.name for p in r.seed_files()], "
        "r.style_file('app.tcss').is_file(), r.__file__]))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    styles, seeds, seed_names, has_app_style, module = json.loads(out.stdout)
    assert module.startswith(str(site))
    assert styles == str(site / "briefing_tui" / "styles") and has_app_style
    assert seeds == str(site / "briefing_tui" / "seeds")
    assert seed_names == sorted(p.name for p in (ROOT / "seeds").iterdir())
