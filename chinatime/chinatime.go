// Package chinatime is China Standard Time, the shop's time: the original
// shop server ran on it, the legacy tracking answer (/kuaidi) writes times in
// it, and the sales report counts its calendar days. A leaf package, so compat
// (which may not reach the stores) shares the one definition with them.
package chinatime

import "time"

// Offset is China Standard Time's offset east of UTC, fixed: China has kept
// no daylight saving time since 1991, so no tzdata is needed.
const Offset = 8 * time.Hour

// Zone is China Standard Time.
var Zone = time.FixedZone("CST", int(Offset/time.Second))
