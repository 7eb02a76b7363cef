#!/usr/bin/env python3
"""Draw the app's icons (pwa/icons/*.png) from the SVG below, rendered by Debian's Chromium.

The PNGs are committed; run this only to change the icon:
    .venv/bin/python scripts/make-icons.py
"""
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "pwa" / "icons"
NAVY, YELLOW, RED = "#0b2e59", "#ffcd00", "#da251d"


def svg(maskable):
    """The icon on a 512 grid; a maskable icon is full-bleed with its mark in the safe circle."""
    scale = 0.72 if maskable else 1.0
    offset = 256 * (1 - scale)
    corner = 0 if maskable else 96
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <rect width="512" height="512" rx="{corner}" fill="{NAVY}"/>
  <g transform="translate({offset} {offset}) scale({scale})">
    <path d="M96 112h320a40 40 0 0 1 40 40v184a40 40 0 0 1-40 40H236l-92 74v-74H96a40 40 0 0 1-40-40V152a40 40 0 0 1 40-40z"
          fill="#ffffff"/>
    <text x="256" y="318" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"
          font-weight="bold" font-size="190" fill="{NAVY}">06</text>
    <polygon fill="{RED}" transform="translate(420 96) scale(1.2)"
             points="0,-40 9.4,-12.9 38,-12.4 15.2,4.9 23.5,32.4 0,16 -23.5,32.4 -15.2,4.9 -38,-12.4 -9.4,-12.9"/>
    <polygon fill="{YELLOW}" transform="translate(420 96) scale(0.55)"
             points="0,-40 9.4,-12.9 38,-12.4 15.2,4.9 23.5,32.4 0,16 -23.5,32.4 -15.2,4.9 -38,-12.4 -9.4,-12.9"/>
  </g>
</svg>"""


def render(page, size, maskable, name, opaque=False):
    background = f"background:{NAVY};" if opaque else "background:transparent;"
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(f"""<html><body style="margin:0;{background}">
      <div style="width:{size}px;height:{size}px">{svg(maskable).replace('width="512" height="512"',
      f'width="{size}" height="{size}"')}</div></body></html>""")
    page.screenshot(path=str(ICONS / name), omit_background=not opaque)
    print("wrote", ICONS / name)


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        render(page, 192, False, "icon-192.png")
        render(page, 512, False, "icon-512.png")
        render(page, 512, True, "maskable-512.png", opaque=True)
        render(page, 180, True, "apple-touch-icon.png", opaque=True)
        browser.close()


if __name__ == "__main__":
    main()
