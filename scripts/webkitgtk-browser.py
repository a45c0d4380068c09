#!/usr/bin/python3
"""A minimal WebKitGTK browser for WebKitWebDriver, with a persistent profile.

WebKitGTK's MiniBrowser runs every automation session on an ephemeral data manager (nothing is
kept on disk, so "close the browser and reopen it" cannot be tested with it). This one keeps
site data (IndexedDB, local storage, caches) under --profile=DIR, like a user's browser.
Started by WebKitWebDriver as `webkitgtk:browserOptions.binary` with args
['--automation', '--profile=DIR'].
"""
import os
import sys

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('WebKit2', '4.1')
from gi.repository import Gtk, WebKit2  # noqa: E402

profile = next((arg.split('=', 1)[1] for arg in sys.argv[1:] if arg.startswith('--profile=')), None)
if not profile:
    sys.exit('usage: webkitgtk-browser.py --automation --profile=DIR')
os.makedirs(profile, exist_ok=True)

manager = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(profile, 'data'),
    base_cache_directory=os.path.join(profile, 'cache'),
)
context = WebKit2.WebContext(website_data_manager=manager)
context.set_automation_allowed('--automation' in sys.argv)
windows = []


def create_web_view(_session):
    view = WebKit2.WebView(web_context=context, is_controlled_by_automation=True)
    window = Gtk.Window()
    window.set_default_size(1100, 800)
    window.add(view)
    windows.append(window)

    def closed(_view):
        windows.remove(window)
        window.destroy()
        if not windows:
            Gtk.main_quit()

    view.connect('close', closed)
    window.show_all()
    return view


def automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name('todo-widget-webkitgtk')
    major, minor, micro = WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version()
    info.set_version(major, minor, micro)
    session.set_application_info(info)
    session.connect('create-web-view', create_web_view)


context.connect('automation-started', automation_started)
Gtk.main()
