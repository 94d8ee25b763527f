"""press_import: turn a press release as published on a government site into
a draft report (`invoke import FILE`). Pure functions; the directory (the
content model) is passed in. Everything guessed is marked for the editor."""
