import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: one `URLSession` shared by every request of a client, so that
/// connections are kept alive and reused, and up to `maxConnectionsPerHost` requests run in
/// parallel (the bulk job operations depend on this).
///
/// Security choices:
/// - TLS certificates are always verified: no delegate method touches server trust, and no
///   option exists to change that.
/// - Redirects are not followed. The Query API never redirects, and following one would
///   send the `Authorization` token to whatever host the redirect names.
/// - An ephemeral session: no cookies, no cache, nothing written to disk.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(maxConnectionsPerHost: Int, timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnectionsPerHost)
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    deinit {
        // The session keeps its delegate alive until invalidated.
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = request.timeout
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if request.method != "GET" { urlRequest.httpBody = Data(request.body) }

        let taskBox = Locked<URLSessionDataTask?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: URLSessionTransport.transportError(for: error))
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: HTTPTransportError.other("the reply was not an HTTP response"))
                        return
                    }
                    var headers: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name] = value }
                    }
                    continuation.resume(returning: HTTPResponse(statusCode: http.statusCode, headers: headers,
                                                                body: [UInt8](data ?? Data())))
                }
                taskBox.withLock { $0 = task }
                task.resume()
            }
        } onCancel: {
            taskBox.withLock { $0?.cancel() }
        }
    }

    /// Sorts `URLError`s into the kinds the retry rules distinguish.
    static func transportError(for error: any Error) -> HTTPTransportError {
        guard let urlError = error as? URLError else { return .other(String(describing: error)) }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return .cannotConnect(reason(urlError))
        case .timedOut:
            return .timedOut
        case .networkConnectionLost, .badServerResponse:
            return .connectionLost(reason(urlError))
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
             .clientCertificateRequired:
            return .tlsFailure(reason(urlError))
        case .cancelled:
            return .cancelled
        case .unknown where urlError.localizedDescription.hasPrefix("SSL "):
            // On Linux a failed certificate check arrives as URLError -1 with curl's text
            // ("SSL certificate problem: …"); retrying it would only fail the same way.
            return .tlsFailure(reason(urlError))
        default:
            return .other(reason(urlError))
        }
    }

    /// The error's text without the URL (which Foundation appends in `userInfo`).
    private static func reason(_ error: URLError) -> String {
        "\(error.localizedDescription) (URLError \(error.code.rawValue))"
    }
}

/// Answers every redirect with "do not follow", so the 3xx reply itself comes back.
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    // @unchecked: no stored state at all.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
