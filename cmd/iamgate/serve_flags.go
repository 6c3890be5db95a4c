package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/world"
)

// minRotateEvery is the shortest --rotate-every. Relying parties cache a
// JWKS for minutes, so faster rotation only grows the published key set.
const minRotateEvery = time.Minute

// serveConfig holds the flags of `iamgate serve`.
type serveConfig struct {
	config            string
	addr              string
	dataDir           string
	issuerURL         string
	rotateEvery       time.Duration
	publishDelay      time.Duration
	allowFastRotation bool
}

const serveUsage = "usage: iamgate serve [--config world.yaml] [--addr 127.0.0.1:8080] [--data-dir DIR] " +
	"[--issuer-url URL] [--rotate-every 24h] [--publish-delay 1h]\n"

func parseServeFlags(args []string, stderr io.Writer) (*serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := &serveConfig{}
	fs.StringVar(&cfg.config, "config", "", "world file (YAML); empty starts the embedded demo world")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080",
		"address to listen on; port 0 picks a free port; the demo world accepts only loopback addresses")
	fs.StringVar(&cfg.dataDir, "data-dir", "./iamgate-data", "directory for keys, federation state and demo credentials")
	fs.StringVar(&cfg.issuerURL, "issuer-url", "", "base URL of the issuers, reachable by relying parties (default http://ADDR)")
	fs.DurationVar(&cfg.rotateEvery, "rotate-every", 0,
		"rotate every issuer's keys at this interval, e.g. 24h; at least 1m and the publish delay; 0 disables")
	fs.DurationVar(&cfg.publishDelay, "publish-delay", 0,
		"how long a rotated key is published before it signs; 0 means the issuer default (1h), negative signs at once")
	fs.BoolVar(&cfg.allowFastRotation, "allow-fast-rotation", false,
		"accept a --rotate-every below 1m or below the publish delay, for crash tests of rotation")

	positional, err := parseInterleaved(fs, args, serveUsage, stderr)
	if err != nil {
		return nil, err
	}
	if len(positional) > 0 {
		return nil, usagef("iamgate serve: unexpected argument %q; use --config to pass a world file", positional[0])
	}
	if err := checkRotation(cfg); err != nil {
		return nil, err
	}
	if err := checkListenAddr(cfg.addr, cfg.config == ""); err != nil {
		return nil, err
	}
	if cfg.issuerURL != "" {
		// An in-memory registry applies the same URL rules as the server.
		if _, err := issuer.OpenRegistry("", cfg.issuerURL); err != nil {
			return nil, usagef("iamgate serve: invalid --issuer-url: %v", err)
		}
	}
	return cfg, nil
}

// checkRotation rejects a negative --rotate-every, one below
// minRotateEvery, and one below the publish delay, with which every new
// key would still wait to sign when the next one is added.
func checkRotation(cfg *serveConfig) error {
	every := cfg.rotateEvery
	switch {
	case every == 0:
		return nil
	case every < 0:
		return usagef("iamgate serve: invalid --rotate-every %s; use a positive interval such as 24h, "+
			"or 0 to disable rotation", every)
	case cfg.allowFastRotation:
		return nil
	case every < minRotateEvery:
		return usagef("iamgate serve: invalid --rotate-every %s; the minimum is %s, use an interval such as 24h",
			every, minRotateEvery)
	}
	delay := cfg.publishDelay
	if delay == 0 {
		delay = issuer.DefaultPublishDelay
	}
	if every < delay {
		return usagef("iamgate serve: invalid --rotate-every %s: it is shorter than the publish delay %s, "+
			"so each new key would still be waiting to sign when the next one is added; "+
			"use at least %s or a shorter --publish-delay", every, delay, delay)
	}
	return nil
}

// checkListenAddr checks that addr is HOST:PORT with a numeric port and,
// for the demo world, whose credentials are published, that HOST is a
// loopback address.
func checkListenAddr(addr string, demo bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("iamgate serve: invalid --addr %q: use HOST:PORT such as 127.0.0.1:8080", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return usagef("iamgate serve: invalid --addr %q: the port must be a number from 0 to 65535", addr)
	}
	if demo && !isLoopbackHost(host) {
		return usagef("iamgate serve: --addr %q is not a loopback address, and anyone can read the demo world's "+
			"credentials; listen on 127.0.0.1, or pass your own world file with --config", addr)
	}
	return nil
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP. An
// empty host means every interface.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loadWorld reads the world file, or the embedded demo world when path is
// empty, and reports which. A missing or invalid file is a usage error of
// one line.
func loadWorld(path string) (*world.World, bool, error) {
	if path == "" {
		w, err := world.Demo()
		return w, true, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, usagef("iamgate serve: read --config file: %v", err)
	}
	w, err := world.Parse(data)
	if err != nil {
		return nil, false, &usageError{msg: worldErrorLine(path, err)}
	}
	return w, false, nil
}

// worldErrorLine formats a world.Parse error as one line, as `iamgate
// eval` does: "FILE:LINE:COL: problem", then how many more problems the
// file has.
func worldErrorLine(path string, err error) string {
	var list world.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		first := list[0]
		msg := first.Message
		if first.Field != "" {
			msg = first.Field + ": " + msg
		}
		line := path + ": " + msg
		if first.Line > 0 {
			line = fmt.Sprintf("%s:%d:%d: %s", path, first.Line, first.Column, msg)
		}
		return line + moreProblems(len(list)-1)
	}
	// Decoding errors from yaml.v3 read "yaml: line N: ..." and may list
	// one problem per line.
	lines := strings.Split(strings.TrimPrefix(err.Error(), "world: "), "\n")
	if len(lines) > 1 && strings.HasSuffix(lines[0], "unmarshal errors:") {
		lines = lines[1:]
	}
	first := strings.TrimPrefix(strings.TrimSpace(lines[0]), "yaml: ")
	if rest, ok := strings.CutPrefix(first, "line "); ok {
		if n, msg, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return fmt.Sprintf("%s:%s: %s%s", path, n, msg, moreProblems(len(lines)-1))
			}
		}
	}
	return path + ": " + first + moreProblems(len(lines)-1)
}

func moreProblems(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (and 1 more problem)"
	}
	return fmt.Sprintf(" (and %d more problems)", n)
}
