"""A real nginx on 127.0.0.1, configured with the files qrbuild generates."""
import http.client
import os
import shutil
import socket
import subprocess
import time

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
if not os.path.exists(NGINX):
    raise RuntimeError("nginx (Debian package nginx-light) is required by the interop tests")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NginxServer:
    def __init__(self, root, dist, http_extra=""):
        """`http_extra` goes into the http block after qrbuild's file (e.g. a stand-in
        for a GeoIP module's variable)."""
        self.root, self.dist, self.port = root, dist, free_port()
        self.conf = root / "nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf.write_text(f"""{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    include {dist}/nginx/qrbuild-http.conf;
    {http_extra}
    server {{
        listen 127.0.0.1:{self.port};
        include {dist}/nginx/qrbuild-server.conf;
    }}
}}
""")
        self.process = None

    def check(self):
        """`nginx -t`: the configuration loads, and prints nothing but its success lines."""
        completed = subprocess.run([NGINX, "-t", "-c", str(self.conf), "-p", str(self.root)], capture_output=True, text=True)
        assert completed.returncode == 0, completed.stderr
        noise = [line for line in completed.stderr.splitlines() if "syntax is ok" not in line and "test is successful" not in line]
        assert noise == [], noise

    def start(self):
        self.check()
        self.process = subprocess.Popen([NGINX, "-c", str(self.conf), "-p", str(self.root), "-g", "daemon off;"])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start: " + (self.root / "error.log").read_text())

    def reload(self):
        self.check()
        pid = int((self.root / "nginx.pid").read_text())
        os.kill(pid, 1)  # SIGHUP: re-read the configuration
        time.sleep(0.5)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def get(self, path, headers=None):
        """(status, [(header, value)], body) without following redirects."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        result = (response.status, response.getheaders(), response.read())
        connection.close()
        return result


def header(headers, name):
    values = [value for key, value in headers if key.lower() == name.lower()]
    assert len(values) <= 1, f"{name} appears {len(values)} times"
    return values[0] if values else None
