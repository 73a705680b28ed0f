"""Widgets of the case review app."""
