#include <maxminddb.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* The ISO country code of `address` in an open database, copied into `out` (3 bytes with
   the terminator): 0 if found, 1 if the database has no country for it, -1 on an error
   (the address is not an IP address, or the database is damaged). A C helper because
   MMDB_get_value takes a variadic path, which Swift cannot call. */
static inline int qrbuild_mmdb_country(MMDB_s *database, const char *address, char out[3]) {
    /* inet_pton, not MMDB_lookup_string: that one calls getaddrinfo, which cost
       microseconds per address (measured: most of an ingest's time). */
    struct sockaddr_in6 v6;
    struct sockaddr_in v4;
    const struct sockaddr *socket_address;
    memset(&v6, 0, sizeof v6);
    memset(&v4, 0, sizeof v4);
    if (inet_pton(AF_INET, address, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        socket_address = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, address, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        socket_address = (const struct sockaddr *)&v6;
    } else {
        return -1;
    }
    int mmdb_error = 0;
    MMDB_lookup_result_s result = MMDB_lookup_sockaddr(database, socket_address, &mmdb_error);
    if (mmdb_error != MMDB_SUCCESS) return -1;
    if (!result.found_entry) return 1;
    MMDB_entry_data_s data;
    int status = MMDB_get_value(&result.entry, &data, "country", "iso_code", NULL);
    if (status != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) {
        status = MMDB_get_value(&result.entry, &data, "registered_country", "iso_code", NULL);
        if (status != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) return 1;
    }
    if (data.data_size != 2) return 1;
    memcpy(out, data.utf8_string, 2);
    out[2] = 0;
    return 0;
}
