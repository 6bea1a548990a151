// Package health serves the liveness and readiness endpoints.
package health

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// Pinger reports whether a dependency is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Checker answers /healthz (process is alive) and /readyz (can take traffic).
type Checker struct {
	db       Pinger
	draining atomic.Bool
}

// New returns a Checker that uses db for readiness.
func New(db Pinger) *Checker { return &Checker{db: db} }

// Drain makes /readyz fail so the endpoint is removed before shutdown.
func (c *Checker) Drain() { c.draining.Store(true) }

// Register adds /healthz and /readyz to mux.
func (c *Checker) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", c.live)
	mux.HandleFunc("GET /readyz", c.ready)
}

// live never touches dependencies: a database outage must not restart pods.
func (c *Checker) live(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("ok\n"))
}

func (c *Checker) ready(w http.ResponseWriter, r *http.Request) {
	if c.draining.Load() {
		http.Error(w, "draining", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := c.db.Ping(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}
