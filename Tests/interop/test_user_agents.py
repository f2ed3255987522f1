"""The user-agent classifier `ingest` uses, against ua-parser (PyPI `ua-parser` with
`ua-parser-builtins`) on a corpus of real agents (Tests/interop/data/user-agents.txt):
phones of the last ten years, in-app browsers, tablets, desktops and bots. Most come from
the agents fake-useragent collected from real traffic; the rest (older phones, in-app
browsers, bots) were written down from their apps and vendors.

Agreement must be at least 98% on OS family and 95% on browser family. Every
disagreement is listed here with its reason; the test fails on any other.
"""
import os
import subprocess

from ua_parser import parse

from conftest import BIN

CORPUS = os.path.join(os.path.dirname(__file__), "data", "user-agents.txt")

# (substring of the agent, ua-parser's browser family, ours, why ours).
EXPLAINED_BROWSERS = [
    ("MicroMessenger/7.0.19", "Chrome Mobile WebView", "WeChat Browser",
     "WeChat on Android: ua-parser names the system web view it runs in; the marketing question is which app the scan came from, as ua-parser itself answers for WeChat on iOS"),
    ("Vivaldi/2.0", "Chrome Mobile", "Vivaldi",
     "Vivaldi for Android: ua-parser knows Vivaldi on desktops only; the token is the same"),
    ("[LinkedInApp]", "Mobile Safari UI/WKWebView", "LinkedIn",
     "the LinkedIn app's in-app browser: ua-parser sees only the web view; the app is what a campaign wants to know"),
]
EXPLAINED_SYSTEMS = []

MACHINE_FAMILIES = {"Googlebot", "bingbot", "FacebookBot", "Twitterbot", "Slackbot-LinkExpanding", "WhatsApp", "curl",
                    "Python Requests", "Go-http-client", "AhrefsBot", "YandexBot", "Applebot", "DuckDuckBot", "GPTBot"}


def classify(agents):
    completed = subprocess.run([BIN, "agent-families"], input="\n".join(agents) + "\n", capture_output=True, text=True, check=True)
    return [line.split("\t") for line in completed.stdout.splitlines()]


def test_families_agree_with_ua_parser():
    agents = [line for line in open(CORPUS, encoding="utf-8").read().splitlines() if line]
    assert len(agents) >= 300
    ours = classify(agents)
    assert len(ours) == len(agents)
    people = browser_agree = system_agree = 0
    unexplained = []
    for agent, (kind, device, system, browser) in zip(agents, ours):
        expected = parse(agent)
        expected_browser = expected.user_agent.family if expected.user_agent else "Other"
        expected_system = expected.os.family if expected.os else "Other"
        if expected_browser in MACHINE_FAMILIES:
            assert kind == "machine", agent  # bots are counted apart, never sorted
            continue
        assert kind == "person", agent
        people += 1
        if browser == expected_browser:
            browser_agree += 1
        elif not any(part in agent and theirs == expected_browser and mine == browser for part, theirs, mine, _ in EXPLAINED_BROWSERS):
            unexplained.append(f"browser {expected_browser!r} != {browser!r}: {agent}")
        if system == expected_system:
            system_agree += 1
        elif not any(part in agent and theirs == expected_system and mine == system for part, theirs, mine, _ in EXPLAINED_SYSTEMS):
            unexplained.append(f"system {expected_system!r} != {system!r}: {agent}")
    assert not unexplained, "\n".join(unexplained)
    assert system_agree / people >= 0.98, system_agree / people
    assert browser_agree / people >= 0.95, browser_agree / people
    assert people >= 250


def test_device_classes():
    cases = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1": "phone",
        "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1": "tablet",
        "Mozilla/5.0 (Linux; Android 9; SM-T510) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/80.0.3987.162 Safari/537.36": "tablet",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/21.0 Chrome/110.0.5481.154 Mobile Safari/537.36": "phone",
        "Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/93.2.7 like Chrome/93.0.4577.82 Safari/537.36": "tablet",
        "Mozilla/5.0 (Android 10; Tablet; rv:99.0) Gecko/99.0 Firefox/99.0": "tablet",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36": "desktop",
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36": "desktop",
        "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5": "phone",
    }
    for (agent, expected), (_, device, _, _) in zip(cases.items(), classify(list(cases))):
        assert device == expected, agent
