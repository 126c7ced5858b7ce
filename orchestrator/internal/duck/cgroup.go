package duck

import (
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// cgroupMemoryLimit is the memory limit of the cgroup this process runs in, in bytes, read
// from root (the file system's root: os.DirFS("/")); 0 when there is none, it is unlimited, or
// it cannot be read. A container's MemTotal is the host's, so without this a default sized by
// MemTotal alone could exceed what the container may use and have wv killed.
func cgroupMemoryLimit(root fs.FS) uint64 {
	for _, name := range limitFiles(root) {
		b, err := fs.ReadFile(root, name)
		if err != nil {
			continue
		}
		return parseLimit(strings.TrimSpace(string(b)))
	}
	return 0
}

// limitFiles are the files that may hold the limit, most specific first: the process's own
// cgroup (from /proc/self/cgroup; v2 "0::/path", v1 "N:memory,...:/path"), then the root of
// the hierarchy, which is the container's own cgroup where cgroups are namespaced.
func limitFiles(root fs.FS) []string {
	var v2, v1 string
	b, _ := fs.ReadFile(root, "proc/self/cgroup")
	for line := range strings.Lines(string(b)) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2 = parts[2]
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			v1 = parts[2]
		}
	}
	var files []string
	if v2 != "" {
		files = append(files, cgroupFile("sys/fs/cgroup", v2, "memory.max"))
	}
	if v1 != "" {
		files = append(files, cgroupFile("sys/fs/cgroup/memory", v1, "memory.limit_in_bytes"))
	}
	return append(files, "sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory/memory.limit_in_bytes")
}

// cgroupFile is dir/cgroupPath/name as an fs.FS path (no leading slash, no "..").
func cgroupFile(dir, cgroupPath, name string) string {
	return path.Join(dir, strings.TrimPrefix(path.Clean("/"+cgroupPath), "/"), name)
}

// parseLimit reads a limit file's value: "max" (v2) or a huge number (v1, about 2^63) mean
// no limit.
func parseLimit(s string) uint64 {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n >= 1<<60 {
		return 0
	}
	return n
}
