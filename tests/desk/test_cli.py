"""The command line, run as a user runs it: a separate process, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DESK_PASSWORD", None)
    if password is not None:
        env["DESK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT,
        stdin=subprocess.DEVNULL, timeout=120,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "admin" in result.stdout and "demo" in result.stdout
    return path


def test_demo_then_list_offices_as_json(demo_db):
    result = run("list", "offices", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    names = {row["name"] for row in rows}
    assert {"塘岸镇妇联", "西埌镇妇联", "大里镇妇联", "平政镇妇联"} <= names
    village = next(row for row in rows if row["name"] == "独竹村妇联")
    assert village["parent"] == "塘岸镇妇联" and village["level"] == "village"


def test_demo_refuses_to_overwrite(demo_db):
    result = run("demo", "--db", str(demo_db))
    assert result.returncode == 1
    assert "--force" in result.stderr and "Traceback" not in result.stderr


def test_init_takes_the_password_from_the_environment(tmp_path):
    path = tmp_path / "town.db"
    result = run(
        "init", "--db", str(path), "--office-name", "塘岸镇妇联", "--office-code", "450981101",
        "--level", "town", "--parent-name", "北流市妇女联合会", "--parent-code", "450981", "--admin-user", "clerk",
        password="s3cret",
    )
    assert result.returncode == 0, result.stderr
    assert not path.read_bytes().startswith(b"SQLite format 3")  # encrypted from the first minute
    listed = run("list", "offices", "--db", str(path), "--json")
    assert listed.returncode == 1 and "DESK_USER" in listed.stderr
    listed = run("list", "offices", "--db", str(path), "--json", "--user", "clerk", password="s3cret")
    assert listed.returncode == 0 and listed.stdout == ""


def test_init_without_password_says_how_to_give_one(tmp_path):
    result = run("init", "--db", str(tmp_path / "x.db"), "--office-name", "x", "--office-code", "1",
                 "--level", "town", "--admin-user", "clerk")
    assert result.returncode == 1
    assert "DESK_PASSWORD" in result.stderr and "Traceback" not in result.stderr


def test_errors_are_one_line_without_traceback(tmp_path, demo_db):
    missing = run("list", "offices", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "数据库文件不存在" in missing.stderr
    unknown = run("list", "nothing", "--db", str(demo_db))
    assert unknown.returncode == 1 and "offices" in unknown.stderr
    period = run("list", "offices", "--db", str(demo_db), "--period", "2020H9")
    assert period.returncode == 1 and "无法识别期间" in period.stderr
    for result in (missing, unknown, period):
        assert len(result.stderr.strip().splitlines()) == 1


def test_version_and_help():
    from desk.version import __version__

    assert __version__ in run("--version").stdout
    for command in ((), ("init",), ("demo",), ("list",)):
        result = run(*command, "--help")
        assert result.returncode == 0 and "--db" in result.stdout


def test_init_starts_with_the_title_catalogue_and_the_voice_is_shown_and_corrected(tmp_path):
    path = tmp_path / "street.db"
    result = run(
        "init", "--db", str(path), "--office-name", "城南街道妇女联合会", "--office-code", "450981001",
        "--level", "town", "--parent-name", "北流市妇女联合会", "--admin-user", "clerk", "--whole", "全街道辖区",
        password="s3cret",
    )
    assert result.returncode == 0, result.stderr
    titles = run("list", "award-titles", "--db", str(path), "--json", "--user", "clerk", password="s3cret")
    assert titles.returncode == 0, titles.stderr
    rows = [json.loads(line) for line in titles.stdout.splitlines()]
    assert {"三八红旗集体", "三八红旗手", "巾帼文明岗"} <= {row["name"] for row in rows}
    assert {row["level"] for row in rows} == {"town"}  # a street awards at the 乡、镇、街道 level
    shown = run("voice", "--db", str(path), "--user", "clerk", password="s3cret")
    assert shown.returncode == 0, shown.stderr
    assert "自称：本街道；辖区：全街道辖区；妇联简称：街道妇联；本级荣誉称号前缀：街道" in shown.stdout
    corrected = run("voice", "--db", str(path), "--user", "clerk", "--self-name", "我街道", "--whole", "",
                    password="s3cret")
    assert corrected.returncode == 0, corrected.stderr
    assert "自称：我街道；辖区：全街道；" in corrected.stdout
