#ifndef CCURL_H
#define CCURL_H
// libcurl's easy and multi interfaces, for DJSClient's CurlTransport.
//
// libcurl is not linked: it is opened with dlopen the first time a request is made
// (ccurl_load). Linking it made the dynamic loader map and relocate libcurl and its
// dependencies (OpenSSL, GnuTLS, Kerberos, LDAP, SSH, ...: about thirty libraries) at every
// start of djs, which cost more than the rest of a `djs -e 'print(1)'` together; scripts that
// never talk to Devo no longer pay for it. The declarations of <curl/curl.h> are still used
// for the types and constants, so the calls are checked against libcurl's real signatures.
//
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are C variadic functions, which
// Swift cannot call; the one-line wrappers below give each argument type its own signature.
#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

typedef int (*ccurl_socket_callback)(CURL *handle, curl_socket_t socket, int what, void *context, void *socket_context);
typedef int (*ccurl_timer_callback)(CURLM *multi, long timeout_ms, void *context);
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/// Opens libcurl and looks up every function below, once (later calls return the first
/// answer). Returns NULL on success, or the loader's explanation. Every other function of
/// this header may only be called after a successful ccurl_load.
const char *ccurl_load(void);

CURLcode ccurl_global_init(long flags);
CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text);
void ccurl_slist_free_all(struct curl_slist *list);
CURLM *ccurl_multi_init(void);
CURLMcode ccurl_multi_cleanup(CURLM *multi);
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_socket_action(CURLM *multi, curl_socket_t socket, int events, int *running);
CURLMsg *ccurl_multi_info_read(CURLM *multi, int *queued);

CURLcode ccurl_set_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_set_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_set_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode ccurl_set_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback);
CURLcode ccurl_get_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_get_off(CURL *handle, CURLINFO info, curl_off_t *value);
CURLMcode ccurl_multi_set_long(CURLM *multi, CURLMoption option, long value);
CURLMcode ccurl_multi_set_pointer(CURLM *multi, CURLMoption option, void *value);
CURLMcode ccurl_multi_set_socket_callback(CURLM *multi, ccurl_socket_callback callback);
CURLMcode ccurl_multi_set_timer_callback(CURLM *multi, ccurl_timer_callback callback);

// A pipe whose ends neither block nor leak into child processes: the event loop's wake-up
// line (fcntl is variadic too). Returns 0, or -1 with errno set.
static inline int ccurl_wake_pipe(int ends[2]) {
    if (pipe(ends) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
        fcntl(ends[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}
#endif
