"""Helpers shared by the tests: a browser, servers (Python's and nginx), reading a built site."""
