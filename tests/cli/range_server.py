#!/usr/bin/env python3
"""A local HTTP server for the fetch-weights tests: serves one file, with or without byte ranges.

--cut-after N closes the connection once N body bytes have been sent in total (once, to simulate
an interrupted download); every request is logged as one JSON line (status, range, bytes sent).
The chosen port is written to --port-file when the server listens.

--rate B sends at most B body bytes per second per request (to test progress and cancelling).

usage: range_server.py --file F --port-file P --log L [--no-range] [--cut-after N] [--port N] [--rate B]
"""
import argparse
import http.server
import json
import os
import re
import socket
import threading
import time

ARGS = None
LOCK = threading.Lock()
STATE = {"sent": 0, "cut_done": False}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log_request_line(self, entry):
        with LOCK, open(ARGS.log, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def do_GET(self):
        if self.path != "/model.safetensors":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log_request_line({"event": "end", "status": 404, "sent": 0})
            return
        size = os.path.getsize(ARGS.file)
        first, last, status = 0, size - 1, 200
        requested = self.headers.get("Range")
        if requested and not ARGS.no_range:
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", requested.strip())
            if not match or int(match.group(1)) >= size:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.log_request_line({"event": "end", "status": 416, "range": requested, "sent": 0})
                return
            first = int(match.group(1))
            last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            status = 206
        self.send_response(status)
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (first, last, size))
        if not ARGS.no_range:
            self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        # "start" before the body and "end" after it: a reader waits until every start has its end.
        self.log_request_line({"event": "start", "status": status})
        sent = self.send_body(first, last)
        self.log_request_line({"event": "end", "status": status, "range": requested, "first": first, "last": last,
                               "sent": sent})

    def send_body(self, first, last):
        sent = 0
        began = time.monotonic()
        with open(ARGS.file, "rb") as f:
            f.seek(first)
            left = last - first + 1
            while left > 0:
                chunk = f.read(min(left, 1 << 16))
                with LOCK:
                    if ARGS.cut_after is not None and not STATE["cut_done"]:
                        allowed = ARGS.cut_after - STATE["sent"]
                        if allowed < len(chunk):
                            chunk = chunk[:max(allowed, 0)]
                            STATE["cut_done"] = True
                            cut = True
                        else:
                            cut = False
                    else:
                        cut = False
                    STATE["sent"] += len(chunk)
                try:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                except OSError:
                    return sent
                sent += len(chunk)
                left -= len(chunk)
                if ARGS.rate:  # hold the average at the given rate
                    ahead = sent / ARGS.rate - (time.monotonic() - began)
                    if ahead > 0:
                        time.sleep(ahead)
                if cut:  # drop the connection mid-body
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return sent
        return sent


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--no-range", action="store_true")
    parser.add_argument("--cut-after", type=int)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--rate", type=int, help="body bytes per second per request")
    ARGS = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
