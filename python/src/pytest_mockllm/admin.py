"""The mockllm admin API (``/_mockllm/*``) over plain urllib: no dependency beyond the standard library."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Optional


class AdminError(Exception):
    """An admin call failed: the server answered an error status, or did not answer."""

    def __init__(self, message: str, status: Optional[int] = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class AdminClient:
    """Calls ``/_mockllm/…`` on one server. State-changing calls send ``content-type: application/json``,
    which the admin API requires (a cross-site form post can never arm or stop anything)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout

    def get(self, path: str) -> Any:
        return self._call("GET", path, None)

    def post(self, path: str, body: Any) -> Any:
        return self._call("POST", path, body)

    def delete(self, path: str) -> Any:
        # A JSON body too: with a JSON content type, an empty body would not be JSON.
        return self._call("DELETE", path, {})

    def _call(self, method: str, path: str, body: Any) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"accept": "application/json"}
        if method != "GET":
            headers["content-type"] = "application/json"
        request = urllib.request.Request(f"{self.url}/_mockllm/{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _parse(response.read())
        except urllib.error.HTTPError as e:
            parsed = _parse(e.read())
            detail = parsed.get("error") if isinstance(parsed, dict) else None
            details = parsed.get("details") if isinstance(parsed, dict) else None
            message = f"{method} /_mockllm/{path}: {e.code} {detail or parsed}"
            if details:
                message += "".join(f"\n  {line}" for line in details)
            raise AdminError(message, e.code, parsed) from None
        except (urllib.error.URLError, OSError) as e:
            raise AdminError(f"{method} /_mockllm/{path}: the mockllm server at {self.url} did not answer: {e}") from None


def _parse(raw: bytes) -> Any:
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return text
