"""连接单位服务器: the first-run wizard offers the office's PostgreSQL server beside the local file."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWizard

from desk.db.database import open_database
from desk.office.service import is_initialised
from ui.server_dialog import ServerDialog
from ui.setup_wizard import SetupWizard


def _fill(dialog: ServerDialog, port: int, database: str, password: str = "") -> None:
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(port)
    dialog.database_edit.setText(database)
    dialog.user_edit.setText("desk")
    dialog.password_edit.setText(password)


def test_the_wizard_offers_the_office_server(qtbot, tmp_path):
    wizard = SetupWizard(tmp_path / "desk.db")  # a new office on this PC
    qtbot.addWidget(wizard)
    assert wizard.testOption(QWizard.WizardOption.HaveCustomButton1)
    assert wizard.buttonText(QWizard.WizardButton.CustomButton1) == "连接单位服务器…"


def test_a_server_that_cannot_be_reached_is_named_and_cannot_be_used(qtbot, pg_server):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_server.port + 1 if pg_server.port < 65535 else 1, "fulian")
    assert not dialog.check_connection()
    assert "连接不上单位服务器" in dialog.result_label.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    _fill(dialog, pg_server.port, "no_such_db")
    assert not dialog.check_connection()
    assert "服务器上没有这个数据库" in dialog.result_label.text()


def test_an_empty_server_database_is_prepared_and_its_password_kept_outside_the_settings(
        qtbot, pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    pg_server.admin_sql("CREATE DATABASE wizard_probe")
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_server.port, "wizard_probe", password="s3cret:pw")
    dialog.port_spin.setValue(pg_server.port)
    assert dialog.check_connection(), dialog.result_label.text()
    assert "数据库还是空的" in dialog.result_label.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.url == f"postgresql://desk@127.0.0.1:{pg_server.port}/wizard_probe"
    assert "s3cret" not in dialog.url
    line = (tmp_path / "pgpass").read_text(encoding="utf-8").strip()
    assert line == f"127.0.0.1:{pg_server.port}:wizard_probe:desk:s3cret\\:pw"
    assert (tmp_path / "pgpass").stat().st_mode & 0o077 == 0
    database = open_database(dialog.url)  # the office's tables are there; the wizard fills them next
    with database.sessions() as session:
        assert not is_initialised(session)
    database.close()
    dialog.password_edit.setText("changed")  # any edit needs a new check
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    pg_server.admin_sql("DROP DATABASE wizard_probe WITH (FORCE)")
