"""Requests released together from several threads: how the tests race writers on PostgreSQL
(SQLite serialises writers, so there the race does not happen)."""
import threading

from server.extensions import db


def post_together(app, url, bodies, headers=None):
    """POST `bodies[i]` (None: no body) to `url` from thread i, all released at the same moment,
    each thread with its own app context, session and connection (`headers`: one for all, or a
    list, one per thread). Their answers as (status, JSON body), in the order they finished."""
    barrier, answers = threading.Barrier(len(bodies)), []
    each = headers if isinstance(headers, list) else [headers] * len(bodies)

    def post(body, headers):
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            res = client.post(url, json=body, headers=headers)
            answers.append((res.status_code, res.get_json()))
            db.session.remove()

    threads = [threading.Thread(target=post, args=pair) for pair in zip(bodies, each)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers
