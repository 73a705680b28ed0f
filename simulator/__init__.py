"""Case Review Simulator."""

__version__ = "0.1.0"
