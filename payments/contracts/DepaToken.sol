// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title The consortium's currency on a local chain, in INR minor units (paise).
/// @notice Stands in for a settlement token on local and test chains; a consortium's own chain
///         uses its own token contract instead. Only holders of MINTER_ROLE can create tokens.
contract DepaToken is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    constructor(address admin) ERC20("DEPA Indian Rupee (test)", "dINR") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice Two decimals: one token unit is one paisa, the ledger's minor unit.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    function mint(address to, uint256 amountMinor) external onlyRole(MINTER_ROLE) {
        _mint(to, amountMinor);
    }
}
