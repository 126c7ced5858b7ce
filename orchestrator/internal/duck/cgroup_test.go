package duck

import (
	"testing"
	"testing/fstest"
)

func TestCgroupMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  uint64
	}{
		{"v2, the process's own cgroup", fstest.MapFS{
			"proc/self/cgroup": {Data: []byte("0::/user.slice/wv.scope\n")},
			"sys/fs/cgroup/user.slice/wv.scope/memory.max": {Data: []byte("2147483648\n")},
			"sys/fs/cgroup/memory.max":                     {Data: []byte("max\n")},
		}, 2 << 30},
		{"v2 unlimited", fstest.MapFS{
			"proc/self/cgroup":         {Data: []byte("0::/\n")},
			"sys/fs/cgroup/memory.max": {Data: []byte("max\n")},
		}, 0},
		{"v2 namespaced: the path is not mounted, the root is the container's", fstest.MapFS{
			"proc/self/cgroup":         {Data: []byte("0::/../../kubepods/pod1\n")},
			"sys/fs/cgroup/memory.max": {Data: []byte("1500000000")},
		}, 1_500_000_000},
		{"v1 with several controllers on the line", fstest.MapFS{
			"proc/self/cgroup": {Data: []byte("5:cpu,cpuacct:/\n4:memory,hugetlb:/docker/abc\n0::/\n")},
			"sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": {Data: []byte("4294967296\n")},
		}, 4 << 30},
		{"v1 unlimited (this machine: 2^63 rounded to a page)", fstest.MapFS{
			"proc/self/cgroup":                           {Data: []byte("4:memory:/process_api/1c71\n")},
			"sys/fs/cgroup/memory/memory.limit_in_bytes": {Data: []byte("9223372036854771712\n")},
		}, 0},
		{"no cgroup files", fstest.MapFS{}, 0},
		{"unreadable value", fstest.MapFS{
			"sys/fs/cgroup/memory.max": {Data: []byte("lots\n")},
		}, 0},
	} {
		if got := cgroupMemoryLimit(tc.files); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// The default limit follows the lesser of the machine's memory and the cgroup's limit.
func TestDefaultLimitInContainer(t *testing.T) {
	for _, tc := range []struct {
		total, cgroup uint64
		want          string
	}{
		{24 << 30, 0, "2.5GB"},        // no limit: the machine decides
		{24 << 30, 2 << 30, "1073MB"}, // a 2 GiB container on a 24 GiB host: half the container
		{4 << 30, 16 << 30, "2147MB"}, // a limit above the machine's memory changes nothing
		{0, 3 << 30, "1610MB"},        // MemTotal unknown, the limit known
		{0, 0, "2.5GB"},
	} {
		if got := memoryLimitFor(usableMemory(tc.total, tc.cgroup)); got != tc.want {
			t.Errorf("total %d, cgroup %d: %s, want %s", tc.total, tc.cgroup, got, tc.want)
		}
	}
}
