"""pytest-mockllm: mockllm's record-and-replay server behind your pytest suite.

Install it beside mockllm (``npm install --save-dev mockllm``) and request the ``mockllm``
fixture; see docs/testing.md in the mockllm repository ("Python (pytest)").
"""
from .admin import AdminError
from .environment import base_url, sdk_environment
from .plugin import Faults, Mockllm
from .server import MockllmStartError

__all__ = ["AdminError", "Faults", "Mockllm", "MockllmStartError", "base_url", "sdk_environment"]
__version__ = "0.1.0"
