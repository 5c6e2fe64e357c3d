// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Escrow and settlement of DEPA contracts' payment instructions.
/// @notice The TDC funds a DEPA contract's escrow; the settlement role (the consortium's payment
///         relay) pays each payment instruction exactly once, keyed by its instruction id,
///         crediting the TDP's share and the data principals' share to the accounts the funder
///         registered for the DEPA contract (the payout accounts of its signed terms, which the
///         relay checks before settling): no settlement can pay any other account; payees withdraw their
///         credits themselves (pull payments); what is left in an escrow goes back to its funder
///         once the settlement role has flagged the DEPA contract completed, expired or revoked.
/// @dev Contract and instruction keys are keccak256 of the ledger's ids (UTF-8).
contract DepaEscrow is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    /// Why an escrow was closed.
    uint8 public constant CLOSED_COMPLETED = 1;
    uint8 public constant CLOSED_EXPIRED = 2;
    uint8 public constant CLOSED_REVOKED = 3;

    struct Escrow {
        address funder;
        uint256 balance;
        uint8 closedReason;
        bool refunded;
    }

    IERC20 public immutable token;
    mapping(bytes32 contractKey => Escrow) public escrows;
    mapping(bytes32 instructionKey => bool) public settled;
    mapping(address payee => uint256) public credits;
    /// The data principals' account registered with each TDP account of a DEPA contract (zero: not a payee).
    mapping(bytes32 contractKey => mapping(address tdpAccount => address principalsAccount)) public payees;
    mapping(bytes32 contractKey => bool) public payeesRegistered;

    event Funded(bytes32 indexed contractKey, address indexed funder, uint256 amount, uint256 balance);
    event Settled(
        bytes32 indexed instructionKey,
        bytes32 indexed contractKey,
        bytes32 receiptHash,
        address payee,
        uint256 payeeAmount,
        address principals,
        uint256 principalsAmount
    );
    event PayeesRegistered(bytes32 indexed contractKey, address[] tdpAccounts, address[] principalsAccounts);
    event Withdrawn(address indexed payee, uint256 amount);
    event Closed(bytes32 indexed contractKey, uint8 reason);
    event Refunded(bytes32 indexed contractKey, address indexed funder, uint256 amount);

    error ZeroAmount();
    error ZeroAddress();
    error NotTheFunder(bytes32 contractKey, address funder);
    error EscrowClosed(bytes32 contractKey);
    error EscrowOpen(bytes32 contractKey);
    error AlreadySettled(bytes32 instructionKey);
    error InsufficientEscrow(bytes32 contractKey, uint256 balance, uint256 needed);
    error BadCloseReason(uint8 reason);
    error AlreadyRefunded(bytes32 contractKey);
    error NothingToWithdraw(address payee);
    error PayeesAlreadyRegistered(bytes32 contractKey);
    error PayeeListsDiffer(uint256 tdpAccounts, uint256 principalsAccounts);
    error NotAContractPayee(bytes32 contractKey, address payee, address principals);

    constructor(IERC20 token_, address admin, address settler) {
        if (address(token_) == address(0) || admin == address(0) || settler == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(SETTLER_ROLE, settler);
    }

    /// @notice Adds `amount` to the escrow of DEPA contract `contractKey`, from the caller's
    ///         tokens (approved beforehand). The first funder owns the escrow; only it adds more.
    function fund(bytes32 contractKey, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Escrow storage e = escrows[contractKey];
        if (e.closedReason != 0) revert EscrowClosed(contractKey);
        if (e.funder == address(0)) {
            e.funder = msg.sender;
        } else if (e.funder != msg.sender) {
            revert NotTheFunder(contractKey, e.funder);
        }
        e.balance += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Funded(contractKey, msg.sender, amount, e.balance);
    }

    /// @notice The funder registers, once, the payout accounts the DEPA contract's signed terms name:
    ///         `tdpAccounts[i]` is paid a TDP's share and `principalsAccounts[i]` its data
    ///         principals' share. Settlements pay these pairs and nothing else.
    function registerPayees(
        bytes32 contractKey,
        address[] calldata tdpAccounts,
        address[] calldata principalsAccounts
    ) external {
        Escrow storage e = escrows[contractKey];
        if (e.funder != msg.sender) revert NotTheFunder(contractKey, e.funder);
        if (e.closedReason != 0) revert EscrowClosed(contractKey);
        if (payeesRegistered[contractKey]) revert PayeesAlreadyRegistered(contractKey);
        if (tdpAccounts.length != principalsAccounts.length || tdpAccounts.length == 0) {
            revert PayeeListsDiffer(tdpAccounts.length, principalsAccounts.length);
        }
        payeesRegistered[contractKey] = true;
        for (uint256 i = 0; i < tdpAccounts.length; i++) {
            if (tdpAccounts[i] == address(0) || principalsAccounts[i] == address(0)) revert ZeroAddress();
            payees[contractKey][tdpAccounts[i]] = principalsAccounts[i];
        }
        emit PayeesRegistered(contractKey, tdpAccounts, principalsAccounts);
    }

    /// @notice Pays instruction `instructionKey` of DEPA contract `contractKey` once: credits
    ///         `payeeAmount` to the TDP's account and `principalsAmount` to the data principals'.
    function settle(
        bytes32 instructionKey,
        bytes32 contractKey,
        bytes32 receiptHash,
        address payee,
        uint256 payeeAmount,
        address principals,
        uint256 principalsAmount
    ) external onlyRole(SETTLER_ROLE) {
        if (settled[instructionKey]) revert AlreadySettled(instructionKey);
        if (payee == address(0) || principals == address(0)) revert ZeroAddress();
        uint256 total = payeeAmount + principalsAmount;
        if (total == 0) revert ZeroAmount();
        Escrow storage e = escrows[contractKey];
        if (e.closedReason != 0) revert EscrowClosed(contractKey);
        if (e.balance < total) revert InsufficientEscrow(contractKey, e.balance, total);
        if (payees[contractKey][payee] != principals) revert NotAContractPayee(contractKey, payee, principals);
        settled[instructionKey] = true;
        e.balance -= total;
        credits[payee] += payeeAmount;
        if (principalsAmount != 0) credits[principals] += principalsAmount;
        emit Settled(instructionKey, contractKey, receiptHash, payee, payeeAmount, principals, principalsAmount);
    }

    /// @notice Pays the caller everything credited to it.
    function withdraw() external nonReentrant {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /// @notice Flags DEPA contract `contractKey` completed (1), expired (2) or revoked (3), as the
    ///         ledger records it; no settlement or funding after this, only the funder's refund.
    function close(bytes32 contractKey, uint8 reason) external onlyRole(SETTLER_ROLE) {
        if (reason < CLOSED_COMPLETED || reason > CLOSED_REVOKED) revert BadCloseReason(reason);
        Escrow storage e = escrows[contractKey];
        if (e.closedReason != 0) revert EscrowClosed(contractKey);
        e.closedReason = reason;
        emit Closed(contractKey, reason);
    }

    /// @notice Returns what is left in a closed escrow to its funder; the funder or the settlement
    ///         role (the relay, closing a finished contract) may call it, the tokens go to the funder.
    function refund(bytes32 contractKey) external nonReentrant {
        Escrow storage e = escrows[contractKey];
        if (e.funder == address(0) || (e.funder != msg.sender && !hasRole(SETTLER_ROLE, msg.sender))) {
            revert NotTheFunder(contractKey, e.funder);
        }
        if (e.closedReason == 0) revert EscrowOpen(contractKey);
        if (e.refunded) revert AlreadyRefunded(contractKey);
        e.refunded = true;
        uint256 amount = e.balance;
        e.balance = 0;
        if (amount != 0) token.safeTransfer(e.funder, amount);
        emit Refunded(contractKey, e.funder, amount);
    }
}
