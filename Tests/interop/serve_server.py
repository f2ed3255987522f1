"""A running `qrbuild serve` for the tests: started on a free port over a project folder,
stopped with SIGTERM; its standard output (the access log) and error kept for checks."""
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from conftest import BIN


class ServeServer:
    def __init__(self, project, *arguments):
        self.project = project
        self.process = subprocess.Popen([BIN, "serve", "--port", "0", *map(str, arguments)], cwd=project,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.out, self.err = [], []
        started = threading.Event()
        self.port = None

        def read_err():
            for line in self.process.stderr:
                self.err.append(line)
                match = re.search(r"on http://127\.0\.0\.1:(\d+)/", line)
                if match:
                    self.port = int(match.group(1))
                    started.set()

        def read_out():
            for line in self.process.stdout:
                self.out.append(line)

        threading.Thread(target=read_err, daemon=True).start()
        threading.Thread(target=read_out, daemon=True).start()
        if not started.wait(30):
            self.process.kill()
            raise RuntimeError("qrbuild serve did not start: " + "".join(self.err))
        self.base = f"http://127.0.0.1:{self.port}"

    def request(self, method, path, key=None, body=None, headers=None, raw=None):
        """(status, headers as a dict with lower-case names, body bytes)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if key:
            request.add_header("Authorization", f"Bearer {key}")
        if data is not None and not (headers and "Content-Type" in headers):
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()

    def json(self, method, path, key=None, body=None, **kwargs):
        status, headers, data = self.request(method, path, key, body, **kwargs)
        return status, headers, (json.loads(data) if data else None)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        time.sleep(0.1)
        return self.process.returncode
