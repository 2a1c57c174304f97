"""The SDK environment variables that point clients at a mockllm server, set and put back."""
from __future__ import annotations

import os
from typing import Dict, MutableMapping, Optional

#: Set where an SDK needs a key and replay needs none.
REPLAY_DUMMY_KEY = "mockllm-replay-no-key"

#: The API keys the official SDKs refuse to start without.
SDK_KEY_VARIABLES = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY")

PROVIDERS = ("openai", "anthropic", "gemini", "ollama")


def base_url(url: str, provider: str = "openai", cassette: Optional[str] = None) -> str:
    """The base URL an SDK client takes: ``…/v1`` for OpenAI, the bare URL for the others.

    With ``cassette``, requests are scoped to that cassette through the ``/c/NAME/`` prefix.
    """
    if provider not in PROVIDERS:
        raise ValueError(f"provider must be one of {', '.join(PROVIDERS)}, not {provider!r}")
    root = f"{url}/c/{cassette}" if cassette else url
    return f"{root}/v1" if provider == "openai" else root


def sdk_environment(url: str, mode: str, env: MutableMapping[str, str]) -> Dict[str, str]:
    """The variables ``mockllm run`` and the JavaScript runner helpers set, for Python SDKs.

    ``OPENAI_BASE_URL`` (openai ≥ 1), ``OPENAI_API_BASE`` (openai < 1), ``ANTHROPIC_BASE_URL``,
    ``GOOGLE_GEMINI_BASE_URL`` (google-genai), ``OLLAMA_HOST`` (ollama), ``MOCKLLM_URL``; in
    replay, a dummy key for each SDK key that is unset. In record the real keys must reach
    the upstream, so none is invented.
    """
    values = {
        "MOCKLLM_URL": url,
        "OPENAI_BASE_URL": base_url(url, "openai"),
        "OPENAI_API_BASE": base_url(url, "openai"),
        "ANTHROPIC_BASE_URL": base_url(url, "anthropic"),
        "GOOGLE_GEMINI_BASE_URL": base_url(url, "gemini"),
        "OLLAMA_HOST": base_url(url, "ollama"),
    }
    if mode == "replay":
        for key in SDK_KEY_VARIABLES:
            if not env.get(key):
                values[key] = REPLAY_DUMMY_KEY
    return values


class EnvironmentPatch:
    """Sets variables in ``os.environ`` and puts the previous values back (or removes them)."""

    def __init__(self, environ: MutableMapping[str, str] = os.environ) -> None:
        self._environ = environ
        self._saved: Dict[str, Optional[str]] = {}

    def set(self, values: Dict[str, str]) -> None:
        for name, value in values.items():
            if name not in self._saved:
                self._saved[name] = self._environ.get(name)
            self._environ[name] = value

    def restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                self._environ.pop(name, None)
            else:
                self._environ[name] = value
        self._saved.clear()
