"""Article URLs as they may be stored and shown: query parameters that carry
credentials (``access_token=``, ``key=``, ``sig=``, signed-download parameters …)
are removed, because a URL copied from a logged-in browser or a share link would
otherwise publish the token in articles.jsonl, in the reader's "original article"
link and in the seeds folder. The rest of the URL is kept as written; a URL that
cannot be parsed is kept as written too (the reader shows only http(s) links).
"""

from __future__ import annotations

import urllib.parse

#: Query parameter names (compared case-insensitively, ``-`` read as ``_``) whose
#: value is a credential: OAuth and API tokens, signatures of signed URLs (AWS,
#: Google Cloud, Azure SAS ``sig``), session ids and passwords. Not ``code`` or
#: ``id``: too many news sites name their articles with them.
SECRET_PARAMS = frozenset(
    {
        "token", "access_token", "refresh_token", "id_token", "auth", "auth_token", "authorization",
        "key", "api_key", "apikey", "secret", "client_secret", "password", "passwd", "pwd",
        "sig", "signature", "x_amz_signature", "x_amz_credential", "x_amz_security_token",
        "x_goog_signature", "x_goog_credential",
        "session", "sessionid", "session_id", "sid", "jsessionid", "phpsessid", "otp",
    }
)  # fmt: skip


def _is_secret(name: str) -> bool:
    key = name.strip().lower().replace("-", "_")
    return key in SECRET_PARAMS or key.endswith(("_token", "_secret", "_signature", "_password"))


def strip_secret_params(url: str) -> str:
    """``url`` without query parameters that carry credentials (see SECRET_PARAMS);
    a ``;jsessionid=`` path parameter goes too. Other parameters keep their order."""
    url = (url or "").strip()
    if not url or ("?" not in url and ";" not in url):
        return url
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    path = parts.path
    if ";" in path:
        head, _, params = path.partition(";")
        kept_params = [p for p in params.split(";") if p and not _is_secret(p.split("=", 1)[0])]
        path = ";".join([head, *kept_params])
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_secret(k)]
    query = urllib.parse.urlencode(kept) if len(kept) != len(pairs) else parts.query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))
