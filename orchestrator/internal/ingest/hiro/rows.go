package hiro

import (
	"errors"
	"fmt"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// source is raw.*.source of every row read from Hiro.
const source = "hiro"

// blockData is a block with its transactions.
type blockData struct {
	Block
	txs []Tx
}

var errInconsistent = errors.New("inconsistent")

// consistent checks that txs are exactly b's: tx_count of them, in order, in b.
func consistent(b Block, txs []Tx) error {
	if len(txs) != b.TxCount {
		return fmt.Errorf("block %d: %d transactions, tx_count %d: %w", b.Height, len(txs), b.TxCount, errInconsistent)
	}
	for i, t := range txs {
		switch {
		case t.TxID == "":
			return fmt.Errorf("block %d: transaction %d has no tx_id: %w", b.Height, i, errInconsistent)
		case t.TxIndex != i:
			return fmt.Errorf("block %d: transaction %d has tx_index %d: %w", b.Height, i, t.TxIndex, errInconsistent)
		case t.BlockHeight != b.Height || (t.BlockHash != "" && t.BlockHash != b.Hash):
			return fmt.Errorf("block %d: transaction %s is in block %d %s: %w", b.Height, t.TxID, t.BlockHeight, t.BlockHash, errInconsistent)
		}
	}
	return nil
}

func blockRow(b Block, now time.Time) []any {
	return []any{b.Height, b.IndexBlockHash, b.ParentIndexBlockHash, ingest.Unix(b.BlockTime), b.BurnBlockHeight,
		b.BurnBlockHash, ingest.Unix(b.BurnBlockTime), int32(b.TxCount), now}
}

// txRow is a raw.transactions row; the block's own fields win over the copies in the tx.
func txRow(b Block, t Tx, now time.Time) ([]any, error) {
	fee, err := amount(t.FeeRate)
	if err != nil {
		return nil, fmt.Errorf("transaction %s fee_rate: %w", t.TxID, err)
	}
	var sponsor, contract, function any
	if t.Sponsored && t.SponsorAddress != "" {
		sponsor = t.SponsorAddress
	}
	switch {
	case t.ContractCall != nil:
		contract, function = t.ContractCall.ContractID, t.ContractCall.FunctionName
	case t.SmartContract != nil:
		contract = t.SmartContract.ContractID
	}
	return []any{t.TxID, b.IndexBlockHash, b.Height, ingest.Unix(b.BlockTime), b.BurnBlockHeight,
		ingest.Unix(b.BurnBlockTime), int32(t.TxIndex), t.TxType, t.TxStatus, true, t.SenderAddress,
		sponsor, fee, t.Nonce, contract, function, source, now}, nil
}
