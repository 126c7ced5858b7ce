package hiro

// JSON shapes of the Hiro Stacks Blockchain API (shared/reference/data-sources.md §2-3).
// Amounts are strings of digits; /v2/pox is the exception (JSON integers).

// status is GET /extended. chain_tip is missing when the server swallowed a DB error.
type status struct {
	ChainTip *struct {
		BlockHeight     int64  `json:"block_height"`
		IndexBlockHash  string `json:"index_block_hash"`
		BurnBlockHeight int64  `json:"burn_block_height"`
	} `json:"chain_tip"`
}

// Block is a Stacks block (GET /extended/v2/blocks/{height_or_hash}).
type Block struct {
	Canonical            bool   `json:"canonical"`
	Height               int64  `json:"height"`
	Hash                 string `json:"hash"`
	BlockTime            int64  `json:"block_time"`
	IndexBlockHash       string `json:"index_block_hash"`
	ParentIndexBlockHash string `json:"parent_index_block_hash"`
	BurnBlockTime        int64  `json:"burn_block_time"`
	BurnBlockHash        string `json:"burn_block_hash"`
	BurnBlockHeight      int64  `json:"burn_block_height"`
	TxCount              int    `json:"tx_count"`
}

type blockList struct {
	Total   int64   `json:"total"`
	Results []Block `json:"results"`
}

// Tx is a transaction as listed by /extended/v2/blocks/{h}/transactions.
type Tx struct {
	TxID            string `json:"tx_id"`
	TxType          string `json:"tx_type"`
	TxStatus        string `json:"tx_status"`
	FeeRate         string `json:"fee_rate"`
	Nonce           int64  `json:"nonce"`
	SenderAddress   string `json:"sender_address"`
	Sponsored       bool   `json:"sponsored"`
	SponsorAddress  string `json:"sponsor_address"`
	BlockHash       string `json:"block_hash"`
	BlockHeight     int64  `json:"block_height"`
	BlockTime       int64  `json:"block_time"`
	BurnBlockHeight int64  `json:"burn_block_height"`
	BurnBlockTime   int64  `json:"burn_block_time"`
	TxIndex         int    `json:"tx_index"`
	Canonical       bool   `json:"canonical"`
	ContractCall    *struct {
		ContractID   string `json:"contract_id"`
		FunctionName string `json:"function_name"`
	} `json:"contract_call"`
	SmartContract *struct {
		ContractID string `json:"contract_id"`
	} `json:"smart_contract"`
}

type txPage struct {
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	Total   int  `json:"total"`
	Results []Tx `json:"results"`
}

// txSummary is v3's slimmer transaction (GET /extended/v3/blocks/{h}/transactions).
type txSummary struct {
	TxID   string `json:"tx_id"`
	Type   string `json:"type"`
	Status string `json:"status"`
	Sender struct {
		Address string `json:"address"`
		Nonce   int64  `json:"nonce"`
	} `json:"sender"`
	Sponsor *struct {
		Address string `json:"address"`
	} `json:"sponsor"`
	FeeRate string `json:"fee_rate"`
	Block   struct {
		Height    int64  `json:"height"`
		Hash      string `json:"hash"`
		IndexHash string `json:"index_hash"`
		Time      int64  `json:"time"`
		TxIndex   int    `json:"tx_index"`
	} `json:"block"`
	BitcoinBlock struct {
		Height int64 `json:"height"`
		Time   int64 `json:"time"`
	} `json:"bitcoin_block"`
	ContractCall *struct {
		ContractID   string `json:"contract_id"`
		FunctionName string `json:"function_name"`
	} `json:"contract_call"`
	SmartContract *struct {
		ContractID string `json:"contract_id"`
	} `json:"smart_contract"`
}

type txPageV3 struct {
	Limit  int `json:"limit"`
	Total  int `json:"total"`
	Cursor struct {
		Next *string `json:"next"`
	} `json:"cursor"`
	Results []txSummary `json:"results"`
}

// tx converts a v3 summary to the v2 shape.
func (s txSummary) tx() Tx {
	t := Tx{
		TxID: s.TxID, TxType: s.Type, TxStatus: s.Status, FeeRate: s.FeeRate, Nonce: s.Sender.Nonce,
		SenderAddress: s.Sender.Address, BlockHash: s.Block.Hash, BlockHeight: s.Block.Height,
		BlockTime: s.Block.Time, BurnBlockHeight: s.BitcoinBlock.Height, BurnBlockTime: s.BitcoinBlock.Time,
		TxIndex: s.Block.TxIndex, Canonical: true, ContractCall: s.ContractCall, SmartContract: s.SmartContract,
	}
	if s.Sponsor != nil && s.Sponsor.Address != "" {
		t.Sponsored, t.SponsorAddress = true, s.Sponsor.Address
	}
	return t
}

// burnBlock is GET /extended/v2/burn-blocks/{h} (and the list's entries).
type burnBlock struct {
	BurnBlockTime   int64  `json:"burn_block_time"`
	BurnBlockHash   string `json:"burn_block_hash"`
	BurnBlockHeight int64  `json:"burn_block_height"`
}

type burnBlockList struct {
	Total   int64       `json:"total"`
	Results []burnBlock `json:"results"`
}

// PoxInfo is GET /v2/pox (stacks-core): uSTX as JSON integers.
type PoxInfo struct {
	ContractID                  string `json:"contract_id"`
	FirstBurnchainBlockHeight   int64  `json:"first_burnchain_block_height"`
	CurrentBurnchainBlockHeight int64  `json:"current_burnchain_block_height"`
	PreparePhaseBlockLength     int64  `json:"prepare_phase_block_length"`
	RewardPhaseBlockLength      int64  `json:"reward_phase_block_length"`
	RewardSlots                 int64  `json:"reward_slots"`
	RewardCycleLength           int64  `json:"reward_cycle_length"`
	RewardCycleID               int64  `json:"reward_cycle_id"`
	TotalLiquidSupplyUstx       int64  `json:"total_liquid_supply_ustx"`
}

// Cycle is one PoX cycle (GET /extended/v2/pox/cycles).
type Cycle struct {
	CycleNumber        int64  `json:"cycle_number"`
	BlockHeight        int64  `json:"block_height"`
	IndexBlockHash     string `json:"index_block_hash"`
	TotalWeight        int64  `json:"total_weight"`
	TotalStackedAmount string `json:"total_stacked_amount"`
	TotalSigners       int64  `json:"total_signers"`
}

type cyclePage struct {
	Limit   int     `json:"limit"`
	Offset  int     `json:"offset"`
	Total   int     `json:"total"`
	Results []Cycle `json:"results"`
}

// Reward is one PoX payout row (GET /extended/v1/burnchain/rewards): satoshis as strings.
type Reward struct {
	Canonical       bool   `json:"canonical"`
	BurnBlockHash   string `json:"burn_block_hash"`
	BurnBlockHeight int64  `json:"burn_block_height"`
	BurnAmount      string `json:"burn_amount"`
	RewardRecipient string `json:"reward_recipient"`
	RewardAmount    string `json:"reward_amount"`
	RewardIndex     int    `json:"reward_index"`
}

type rewardPage struct {
	Limit   int      `json:"limit"`
	Offset  int      `json:"offset"`
	Results []Reward `json:"results"`
}

// SupplyInfo is GET /extended/v1/stx_supply: STX (not uSTX) as decimal strings.
type SupplyInfo struct {
	TotalSTX    string `json:"total_stx"`
	UnlockedSTX string `json:"unlocked_stx"`
	BlockHeight int64  `json:"block_height"`
}

// Balance is a principal's current STX balance in uSTX.
type Balance struct {
	Balance int64
	Locked  int64
}

// balanceV2 is GET /extended/v2/addresses/{p}/balances/stx.
type balanceV2 struct {
	Balance string `json:"balance"`
	Locked  string `json:"locked"`
}

// balanceV3 is GET /extended/v3/principals/{p}/balances/stx.
type balanceV3 struct {
	Balance string `json:"balance"`
	Locked  *struct {
		Amount string `json:"amount"`
	} `json:"locked"`
}
