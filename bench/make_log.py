"""Writes a realistic nginx access log in combined format for `make bench-ingest`.

Usage: make_log.py MANIFEST LINES > access.log

Deterministic. About 5,000 ids with a Zipf spread (the manifest's ids, plus 2% of
requests for ids that do not exist), about 100,000 client addresses (one in six IPv6),
15% bots and link previews, the rest phones, over 90 days in time order.
"""
import bisect
import datetime
import itertools
import json
import random
import sys

PHONES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.90 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.178 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36",
]
BOTS = [
    "WhatsApp/2.24.6.77 A", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Twitterbot/1.0", "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "curl/8.5.0", "python-requests/2.31.0",
]


def main():
    manifest, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(2026)
    ids = [code["id"] for code in json.load(open(manifest))["codes"] if code.get("id")]
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ids))))
    clients = []
    for index in range(100_000):
        if index % 6 == 0:
            clients.append("2001:db8:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536), rng.randrange(65536)))
        else:
            clients.append("%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)))
    start = datetime.datetime(2026, 2, 20, tzinfo=datetime.timezone.utc)
    span = 90 * 86_400
    out = sys.stdout
    buffer = []
    for line in range(count):
        when = start + datetime.timedelta(seconds=line * span // count)
        roll = rng.random()
        if roll < 0.02:
            path = "/r/" + "".join(rng.choice("23456789abcdefghjkmnpqrstuvwxyz") for _ in range(8))
            status = 404
        else:
            path = "/r/" + ids[bisect.bisect_left(weights, rng.random() * weights[-1])]
            status = 302
        agent = rng.choice(BOTS) if rng.random() < 0.15 else rng.choice(PHONES)
        address = clients[int(rng.paretovariate(1.2) * 7) % len(clients)] if rng.random() < 0.5 else rng.choice(clients)
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
        buffer.append(f'{address} - - [{stamp}] "GET {path} HTTP/1.1" {status} 0 "-" "{agent}"\n')
        if len(buffer) >= 10_000:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))


if __name__ == "__main__":
    main()
