#!/usr/bin/env python3
"""Serve events/*.json to a Bridge process through a minimal local Lambda Runtime API (2018-06-01) and print the answers.

Usage (see events/README.md):
  python3 events/replay.py [--port 9001] [--set NAME=VALUE | --set NAME=@FILE]... EVENT.json...
then start the service with AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001. Loopback only, standard library only.
"""
import argparse
import base64
import json
import queue
import re
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"
PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def fill(event, values, name):
    body = event.get("body")
    if body is None:
        return event
    if event.get("isBase64Encoded"):
        sys.exit(f"{name}: placeholders need a text body")

    def replace(match):
        key = match.group(1)
        if key not in values:
            sys.exit(f"{name}: no value for {{{{{key}}}}}; pass --set {key}=...")
        return urllib.parse.quote(values[key], safe="")

    return {**event, "body": PLACEHOLDER.sub(replace, body)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9001)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="placeholder value; @FILE reads it from a file")
    parser.add_argument("events", nargs="+")
    args = parser.parse_args()

    values = {}
    for item in args.set:
        key, _, value = item.partition("=")
        if value.startswith("@"):
            with open(value[1:], encoding="utf-8") as f:
                value = f.read().strip()
        values[key] = value

    pending = queue.Queue()
    names = {}
    for path in args.events:
        with open(path, encoding="utf-8") as f:
            event = fill(json.load(f), values, path)
        request_id = str(uuid.uuid4())
        names[request_id] = path
        pending.put((request_id, json.dumps(event).encode()))
    remaining = [len(names)]
    done = threading.Event()
    failed = [False]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_GET(self):
            if self.path != PREFIX + "/invocation/next":
                return self.answer(404)
            request_id, body = pending.get()  # blocks like the real service until there is work
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
            self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bridge-local")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            payload = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0)).decode("utf-8", "replace")
            parts = self.path[len(PREFIX):].strip("/").split("/")
            if parts == ["init", "error"]:
                print(f"init error ({self.headers.get('Lambda-Runtime-Function-Error-Type')}): {payload}")
                failed[0] = True
                done.set()
                return self.answer(202)
            if len(parts) != 3 or parts[0] != "invocation" or parts[1] not in names or parts[2] not in ("response", "error"):
                return self.answer(400)
            name = names.pop(parts[1])
            if parts[2] == "error":
                failed[0] = True
                print(f"== {name}: invocation error ({self.headers.get('Lambda-Runtime-Function-Error-Type')}): {payload}\n")
            else:
                response = json.loads(payload)
                body = response.get("body", "")
                if response.get("isBase64Encoded"):
                    body = base64.b64decode(body).decode("utf-8", "replace")
                print(f"== {name}: {response.get('statusCode')}")
                for header, value in sorted(response.get("headers", {}).items()):
                    print(f"{header}: {value}")
                print(f"\n{body}\n")
            self.answer(202)
            remaining[0] -= 1
            if remaining[0] == 0:
                done.set()

        def answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Runtime API on 127.0.0.1:{args.port}; start the service with AWS_LAMBDA_RUNTIME_API=127.0.0.1:{args.port}", file=sys.stderr)
    done.wait()
    server.shutdown()
    sys.exit(1 if failed[0] else 0)


if __name__ == "__main__":
    main()
