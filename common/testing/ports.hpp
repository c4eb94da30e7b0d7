// common/testing/ports.hpp — loopback ports for the services a test starts, never handed to two
// test processes at once.
#pragma once

namespace common::testing {

// A loopback TCP port that is free now and reserved for this process until it exits.
//
// Why not bind(0): the kernel hands an ephemeral port back as soon as the probe socket closes, so
// two tests running side by side (ctest -j) could both start a server on it; the second one's
// health check then reached the first one's server and the test talked to the wrong service.
// These ports come from above (or below) the kernel's ephemeral range, so no outgoing connection
// takes them either, and each is claimed with a lock file held until the process ends.
int reserve_loopback_port();

// Whether something accepts TCP connections on 127.0.0.1:`port` now (a server a test started).
bool accepts_connections(int port);

}  // namespace common::testing
