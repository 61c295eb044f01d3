"""The program's version, the one place every other module reads it from."""

__version__ = "0.1.0"
APP_NAME = "FederationDesk"
