from browser import browser, phone  # noqa: F401  (fixtures shared by all browser tests)
