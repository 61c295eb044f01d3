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


def test_a_wrong_password_a_stranger_at_the_port_and_an_old_server_are_named(qtbot, pg_server, tmp_path, monkeypatch):
    import socket
    import threading

    from desk.db import engine

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    # The test server trusts everyone; this one user must give the password, as on an office server.
    pg_server.admin_sql("DROP ROLE IF EXISTS clerk_pw", "CREATE ROLE clerk_pw LOGIN PASSWORD 'right-pw'",
                        "CREATE DATABASE pw_probe OWNER clerk_pw")
    hba = pg_server.folder / "data" / "pg_hba.conf"
    hba.write_text("host all clerk_pw 127.0.0.1/32 scram-sha-256\n" + hba.read_text(encoding="utf-8"), encoding="utf-8")
    pg_server.admin_sql("SELECT pg_reload_conf()")
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_server.port, "pw_probe", password="wrong-pw")
    dialog.user_edit.setText("clerk_pw")
    assert not dialog.check_connection()
    assert dialog.result_label.text().startswith("连接单位服务器失败：用户名或密码不对")
    assert "wrong-pw" not in dialog.result_label.text()
    dialog.password_edit.setText("right-pw")
    assert dialog.check_connection(), dialog.result_label.text()

    # Something else listens at the port (a web server), then nothing answers at all (a dropped connection).
    stranger = socket.socket()
    stranger.bind(("127.0.0.1", 0))
    stranger.listen(4)

    def answer_like_a_web_server() -> None:
        connection, _address = stranger.accept()
        connection.recv(100)
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        connection.close()

    threading.Thread(target=answer_like_a_web_server, daemon=True).start()
    _fill(dialog, stranger.getsockname()[1], "fulian")
    assert not dialog.check_connection()
    assert "这个地址和端口上不是 PostgreSQL 服务器" in dialog.result_label.text()
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 2)
    assert not dialog.check_connection()  # the listener now never answers: the check gives up, it does not hang
    assert "连接不上单位服务器" in dialog.result_label.text()
    stranger.close()

    monkeypatch.setattr(engine, "MIN_POSTGRESQL", 990000)
    _fill(dialog, pg_server.port, "pw_probe", password="right-pw")
    dialog.user_edit.setText("clerk_pw")
    assert not dialog.check_connection()
    assert "单位服务器上的 PostgreSQL 版本过旧" in dialog.result_label.text()
    pg_server.admin_sql("DROP DATABASE pw_probe WITH (FORCE)")
