"""Benchmarks run by `invoke bench`; each part returns a Markdown section."""
