/// The bodies Devo answers with (devo-api.md §4-§6), in one place so that every endpoint
/// speaks the same dialect. `cid` is a fresh request id; `timestamp` is the clock in ms.
enum DevoReplies {
    /// `{"status":0,"cid":…,"timestamp":…,"object":…}`; `msg: ""` first for query replies,
    /// as in Devo's notification message.
    static func envelope(cid: String, timestamp: Int64, includeMsg: Bool = false, capacity: Int = 512,
                         object: (inout JSONWriter) -> Void) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: capacity)
        writer.beginObject()
        if includeMsg { writer.field("msg", "") }
        writer.field("status", 0)
        writer.field("cid", cid)
        writer.field("timestamp", timestamp)
        writer.key("object")
        object(&writer)
        writer.endObject()
        return HTTPResponse(status: 200, body: writer.bytes)
    }

    /// A task error: `{"msg":…,"status":<code>,"timestamp":…,"cid":…}` — the shape of
    /// Devo's "Task not found" reply.
    static func taskError(httpStatus: Int, code: Int, message: String, cid: String, timestamp: Int64) -> HTTPResponse {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("msg", message)
        writer.field("status", code)
        writer.field("timestamp", timestamp)
        writer.field("cid", cid)
        writer.endObject()
        return HTTPResponse(status: httpStatus, body: writer.bytes)
    }

    /// Unknown job id: HTTP 404 (open point 2) with Devo's status-100 body.
    static func taskNotFound(cid: String, timestamp: Int64) -> HTTPResponse {
        taskError(httpStatus: 404, code: 100, message: "Task not found", cid: cid, timestamp: timestamp)
    }

    /// A query body the simulator cannot accept: HTTP 400, status 1 ("invalid request" in
    /// task.md), the reason in `msg`.
    static func invalidRequest(_ reason: String, cid: String, timestamp: Int64) -> HTTPResponse {
        taskError(httpStatus: 400, code: 1, message: reason, cid: cid, timestamp: timestamp)
    }

    /// Any authorization failure (see ``Authorizer``).
    static func invalidSignature() -> HTTPResponse {
        HTTPResponse(status: 401, body: Array(#"{"error":{"code":12,"message":"Invalid signature validation"}}"#.utf8))
    }

    /// Devo's generic server error body, for injected 5xx.
    static func serverError(status: Int, cid: String, timestamp: Int64) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(#"{"timestamp":\#(timestamp),"cid":"\#(cid)","error":"server_error","status":\#(status)}"#.utf8))
    }

    /// Injected rate limiting: 429 with `Retry-After` in seconds.
    static func tooManyRequests(retryAfter: Int, cid: String, timestamp: Int64) -> HTTPResponse {
        HTTPResponse(status: 429,
                     body: Array(#"{"timestamp":\#(timestamp),"cid":"\#(cid)","error":"too_many_requests","status":429}"#.utf8),
                     headers: [("Retry-After", String(retryAfter))])
    }

    /// What a reverse proxy in front of Devo answers when the backend is gone.
    static func htmlBadGateway() -> HTTPResponse {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        return HTTPResponse(status: 502, contentType: "text/html", body: Array(page.utf8))
    }

    static func pathNotFound(cid: String, timestamp: Int64) -> HTTPResponse {
        HTTPResponse(status: 404, body: Array(#"{"timestamp":\#(timestamp),"cid":"\#(cid)","error":"not_found","status":404}"#.utf8))
    }

    static func methodNotAllowed(allow: String, cid: String, timestamp: Int64) -> HTTPResponse {
        HTTPResponse(status: 405,
                     body: Array(#"{"timestamp":\#(timestamp),"cid":"\#(cid)","error":"method_not_allowed","status":405}"#.utf8),
                     headers: [("Allow", allow)])
    }
}
