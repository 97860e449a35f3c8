package wxr

import "strconv"

// Serialized reports whether s is a value in PHP's serialize format
// (a:2:{…}, s:3:"abc";, i:1; …), as WordPress stores arrays and objects in
// post meta. String lengths in that format count bytes, not characters, so
// "s:13:\"¯\\_(ツ)_/¯\";" is valid: the check walks the bytes exactly as
// PHP's unserialize would and never decodes or rewrites the value.
func Serialized(s string) bool {
	n, ok := phpValue(s, 0, 0)
	return ok && n == len(s)
}

// phpValue parses one serialized value at s[i:] and returns the index
// after it.
func phpValue(s string, i, depth int) (int, bool) {
	if depth > 64 || i+1 >= len(s) {
		return 0, false
	}
	kind := s[i]
	switch kind {
	case 'N':
		return i + 2, s[i+1] == ';'
	case 'b', 'i', 'd':
		if s[i+1] != ':' {
			return 0, false
		}
		j := i + 2
		for j < len(s) && s[j] != ';' {
			j++
		}
		if j >= len(s) || j == i+2 {
			return 0, false
		}
		return j + 1, true
	case 's':
		n, j, ok := phpLen(s, i+1)
		if !ok || j >= len(s) || s[j] != '"' || j+1+n+2 > len(s) {
			return 0, false
		}
		end := j + 1 + n
		if s[end] != '"' || s[end+1] != ';' {
			return 0, false
		}
		return end + 2, true
	case 'a', 'O':
		j := i + 1
		if kind == 'O' {
			// O:8:"stdClass":2:{…}
			n, k, ok := phpLen(s, j)
			if !ok || k+n+2 >= len(s) || s[k] != '"' || s[k+1+n] != '"' {
				return 0, false
			}
			j = k + 1 + n + 1
		}
		count, k, ok := phpLen(s, j)
		if !ok || k >= len(s) || s[k] != '{' {
			return 0, false
		}
		k++
		for e := 0; e < 2*count; e++ {
			if k, ok = phpValue(s, k, depth+1); !ok {
				return 0, false
			}
		}
		if k >= len(s) || s[k] != '}' {
			return 0, false
		}
		return k + 1, true
	}
	return 0, false
}

// phpLen reads ":N:" at s[i:] and returns N and the index after it.
func phpLen(s string, i int) (int, int, bool) {
	if i >= len(s) || s[i] != ':' {
		return 0, 0, false
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i+1 || j >= len(s) || s[j] != ':' {
		return 0, 0, false
	}
	n, err := strconv.Atoi(s[i+1 : j])
	if err != nil {
		return 0, 0, false
	}
	return n, j + 1, true
}
