"""Helpers for testing multi-process code."""
from chainermn.testing.device import get_device  # NOQA
from chainermn.testing import device  # NOQA
