#!/usr/bin/env python3
"""A tiny OpenAI-compatible server for the ctxfs integration tests.

Usage: fake_openai.py <port-file> [<cert.pem> <key.pem>]. Listens on
127.0.0.1 (any free port; TLS when a certificate is given),
writes the port to <port-file>, and answers POST /v1/chat/completions and
/v1/responses. The request's "model" picks the behaviour:
  fail500 -> HTTP 500, slow -> 3 s delay, garbage -> 200 with a non-JSON body,
  anything else -> 200 with a chat.completion echoing path, auth and model.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            request = json.loads(raw)
        except ValueError:
            request = {}
        model = request.get("model", "")
        if model == "fail500":
            return self.send(500, "upstream exploded")
        if model == "slow":
            time.sleep(3)
        if model == "garbage":
            return self.send(200, "this is not json")
        messages = request.get("messages") or []
        last = messages[-1].get("content", "") if messages else ""
        auth = self.headers.get("Authorization", "")
        text = f"echo:{last}|path={self.path}|auth={auth}|model={model}"
        reply = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12},
        }
        self.send(200, json.dumps(reply))


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 3:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(sys.argv[1] + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
