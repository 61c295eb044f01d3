"""Federation Desk's PySide6 screens; everything they do to data goes through desk/."""
