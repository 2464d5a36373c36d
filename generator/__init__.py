"""Static site generator for demonstration-belt showcases (党建示范带)."""

__version__ = "0.1.0"
