// Command orders-worker fulfils pending orders in the background.
//
// It serves /healthz and /readyz on :8081 for its probes.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/example/shop/orders/internal/config"
	"github.com/example/shop/orders/internal/health"
	"github.com/example/shop/orders/internal/store"
)

const probeAddr = ":8081"

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := run(log); err != nil {
		log.Error("orders-worker exited", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.MaxDBConns)
	if err != nil {
		return err
	}
	defer db.Close()

	checks := health.New(db)
	mux := http.NewServeMux()
	checks.Register(mux)
	srv := &http.Server{Addr: probeAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("probe server", "err", err)
			stop()
		}
	}()

	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			checks.Drain()
			shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
			defer cancel()
			return srv.Shutdown(shutdownCtx)
		case <-ticker.C:
			for processOne(ctx, log, db) {
			}
		}
	}
}

// processOne fulfils one pending order; it reports whether there may be more.
func processOne(ctx context.Context, log *slog.Logger, db *store.Store) bool {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	o, err := db.NextPending(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err != nil {
		log.Error("claim order", "err", err)
		return false
	}
	if err := db.MarkDone(ctx, o.ID); err != nil {
		log.Error("fulfil order", "id", o.ID, "err", err)
		return false
	}
	log.Info("fulfilled order", "id", o.ID, "customer", o.CustomerID)
	return true
}
