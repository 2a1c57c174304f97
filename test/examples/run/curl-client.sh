#!/bin/sh
# A shell script that knows nothing about mockllm but the variables `mockllm run` sets.
# Prints each answer's check; exits non-zero when a call fails (curl --fail) or the text is missing.
set -eu
answer=$(curl --silent --show-error --fail "$OPENAI_BASE_URL/chat/completions" \
  -H 'content-type: application/json' -H "authorization: Bearer $OPENAI_API_KEY" \
  -d '{"messages":[{"role":"user","content":"Tell me a joke about opentelemetry"}],"model":"gpt-3.5-turbo"}')
echo "$answer" | grep -q 'Opentelemetry developer go broke'
echo "openai: ok"
answer=$(curl --silent --show-error --fail "$OLLAMA_HOST/api/chat" \
  -H 'content-type: application/json' \
  -d '{"model":"llama3","messages":[{"role":"user","content":"Tell me a joke about OpenTelemetry"}],"stream":false}')
echo "$answer" | grep -q 'OpenTelemetry agent go to therapy'
echo "ollama: ok"
