//! The screens and widgets of the desktop app.
