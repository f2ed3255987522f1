#include <maxminddb.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* Finds the record for `address` (text) in an open database: 0 and the record's offset
   in `entry_offset` if found, 1 if the database has no record for it, -1 if the text is not
   an IPv4 or IPv6 address. inet_pton, not MMDB_lookup_string: that one calls getaddrinfo,
   which cost microseconds per address (measured). */
static inline int qrbuild_mmdb_find(MMDB_s *database, const char *address, uint32_t *entry_offset) {
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
    *entry_offset = result.entry.offset;
    return 0;
}

/* The ISO country code of the record at `entry_offset`, copied into `out` (3 bytes with the
   terminator): 0 if it has one, 1 if not. A C helper because MMDB_get_value takes a
   variadic path, which Swift cannot call. Many addresses share a record, so callers cache
   by offset and walk the record (the slow part) once per record. */
static inline int qrbuild_mmdb_entry_country(MMDB_s *database, uint32_t entry_offset, char out[3]) {
    MMDB_entry_s entry = { .mmdb = database, .offset = entry_offset };
    MMDB_entry_data_s data;
    int status = MMDB_get_value(&entry, &data, "country", "iso_code", NULL);
    if (status != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) {
        status = MMDB_get_value(&entry, &data, "registered_country", "iso_code", NULL);
        if (status != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) return 1;
    }
    if (data.data_size != 2) return 1;
    memcpy(out, data.utf8_string, 2);
    out[2] = 0;
    return 0;
}

static inline int qrbuild_mmdb_entry_city(MMDB_s *database, uint32_t entry_offset, char *out, int capacity) {
    MMDB_entry_s entry = { .mmdb = database, .offset = entry_offset };
    MMDB_entry_data_s data;
    int status = MMDB_get_value(&entry, &data, "city", "names", "en", NULL);
    if (status != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING || capacity < 2) return 0;
    int length = data.data_size < (uint32_t)(capacity - 1) ? (int)data.data_size : capacity - 1;
    memcpy(out, data.utf8_string, length);
    out[length] = 0;
    return length;
}
