"""Production settings: pelicanconf.py plus what publishing changes.

SITEURL comes from the environment (`PORTAL_SITEURL`) because a GitHub Pages
project site lives under a sub-path (https://org.github.io/portal) that only
the deployment knows.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf: PORTAL_SITEURL must be the absolute address of the site, "
        "for example PORTAL_SITEURL=https://org.github.io/portal invoke publish"
    )
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
